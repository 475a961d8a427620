/** Compile-only checks of the petstore client generated with `groupByTag`. */
import { createClient } from "./client.js";

const client = createClient();

export async function usage(): Promise<void> {
  const pets = await client.pets.listPets({ query: { limit: 2 } });
  if (pets.ok) {
    const first: string | undefined = pets.data[0]?.name;
    void first;
  }
  await client.misc.search({ query: { next: "/a" } });
  await client.request("get", "/search", { query: { next: "/a" } });
  // @ts-expect-error grouped methods are not also on the top level
  await client.listPets();
}
