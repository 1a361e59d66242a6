#!/usr/bin/env node
// qkd-sim: the simulated bench, compiled to dist/ (see bin/launch.mjs).
import { launch } from './launch.mjs';

await launch('qkd-sim', 'sim/cli/qkd-sim.js');
