import { runProcess } from './entry/run-process.js';
import { reportStartupFailure } from './entry/report-startup-failure.js';

runProcess('all').catch(reportStartupFailure);
