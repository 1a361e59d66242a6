#!/usr/bin/env node
// qkdctl: the technicians' and scripts' command line, compiled to dist/ (see bin/launch.mjs).
import { launch } from './launch.mjs';

await launch('qkdctl', 'src/cli/qkdctl.js');
