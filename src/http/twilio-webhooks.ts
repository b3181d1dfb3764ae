/**
 * The twilio library's webhook functions, from their own module. `import twilio from 'twilio'`
 * also loads the library's REST client (axios, form-data, jsonwebtoken, xmlbuilder…): about
 * 120 ms of a web process's start, for a process that only checks signatures. These are the
 * very functions `twilio.validateRequest` and its siblings re-export (a unit test holds them
 * equal, so a change of the library's layout fails there, not in production).
 */
import webhooks from 'twilio/lib/webhooks/webhooks.js';

export const { validateRequest } = webhooks;
