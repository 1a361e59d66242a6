#!/usr/bin/env node
// qkdd: the daemon and its commands, compiled to dist/ (see bin/launch.mjs).
import { launch } from './launch.mjs';

await launch('qkdd', 'src/cli/qkdd.js');
