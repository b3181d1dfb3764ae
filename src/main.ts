import { reportStartupFailure } from './entry/report-startup-failure.js';
import { runMain } from './entry/run-main.js';

runMain().catch(reportStartupFailure);
