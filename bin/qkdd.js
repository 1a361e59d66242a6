#!/usr/bin/env node
// Launcher for the TypeScript sources (never compiled): register tsx, then run the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/qkdd.ts');
