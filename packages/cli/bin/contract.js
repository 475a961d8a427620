#!/usr/bin/env node
// Thin launcher kept in git so package managers can link the bin before the first build.
import "../dist/bin.js";
