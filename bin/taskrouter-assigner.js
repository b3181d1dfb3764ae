#!/usr/bin/env node
// The compiled CLI; `npm install` builds dist/ (the package's `prepare` script).
import '../dist/cli.js';
