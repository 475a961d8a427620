/** A small contract with a create → get → delete chain through `links`, for the fault tests. */
export const ITEMS_SPEC = `openapi: 3.1.0
info: { title: Items, version: "1" }
tags: [{ name: items }, { name: health }]
paths:
  /items:
    post:
      operationId: createItem
      tags: [items]
      requestBody:
        required: true
        content:
          application/json:
            schema: { $ref: "#/components/schemas/NewItem" }
            example: { name: tea, quantity: 2 }
      responses:
        "201":
          description: Created.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Item" }
          links:
            GetItem:
              operationId: getItem
              parameters: { itemId: "$response.body#/id" }
            DeleteItem:
              operationId: deleteItem
              parameters: { path.itemId: "$response.body#/id" }
        "400": { $ref: "#/components/responses/Problem" }
    get:
      operationId: listItems
      tags: [items]
      parameters:
        - name: limit
          in: query
          required: true
          schema: { type: integer, minimum: 1, maximum: 10 }
        - name: X-Tenant
          in: header
          required: true
          schema: { type: string }
      responses:
        "200":
          description: A page.
          content:
            application/json:
              schema:
                type: object
                required: [data]
                properties:
                  data: { type: array, items: { $ref: "#/components/schemas/Item" } }
        "400": { $ref: "#/components/responses/Problem" }
  /items/{itemId}:
    parameters:
      - name: itemId
        in: path
        required: true
        schema: { type: string, pattern: "^it_[0-9]+$" }
    get:
      operationId: getItem
      tags: [items]
      responses:
        "200":
          description: The item.
          content:
            application/json:
              schema: { $ref: "#/components/schemas/Item" }
        "404": { $ref: "#/components/responses/Problem" }
    delete:
      operationId: deleteItem
      tags: [items]
      responses:
        "204": { description: Deleted. }
        "404": { $ref: "#/components/responses/Problem" }
  /notes:
    post:
      operationId: addNote
      tags: [items]
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [text]
              properties:
                text: { type: string, minLength: 1 }
                tags: { type: array, items: { type: string } }
      responses:
        "201":
          description: Noted.
          content:
            application/json:
              schema:
                type: object
                required: [text, tags]
                properties:
                  text: { type: string }
                  tags: { type: array, items: { type: string } }
        "400": { $ref: "#/components/responses/Problem" }
  /health:
    get:
      operationId: health
      tags: [health]
      responses:
        "200":
          description: Up.
          headers:
            X-Request-Id:
              required: true
              schema: { type: string }
            X-Rate-Limit:
              schema: { type: integer, minimum: 0 }
          content:
            text/plain:
              schema: { type: string }
components:
  responses:
    Problem:
      description: The request could not be handled.
      content:
        application/problem+json:
          schema: { $ref: "#/components/schemas/Problem" }
  schemas:
    NewItem:
      type: object
      required: [name, quantity]
      properties:
        name: { type: string, minLength: 1 }
        quantity: { type: integer, minimum: 1 }
        secret: { type: string, writeOnly: true }
    Item:
      type: object
      required: [id, name, quantity, secret]
      properties:
        id: { type: string, readOnly: true }
        name: { type: string }
        quantity: { type: integer }
        secret: { type: string, writeOnly: true }
    Problem:
      type: object
      required: [title]
      properties:
        title: { type: string }
`;
