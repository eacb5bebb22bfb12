// The peer of `bench/fanout.sh --vs-botbuilder`: the official Bot Framework SDK for JavaScript (botbuilder 4.23.x,
// CloudAdapter, anonymous) sends one card to each of N stored conversation references through
// continueConversationAsync, CONCURRENCY at a time, as a proactive fan-out on the SDK is written.
//   node fanout-sender.js JOB.json
// JOB.json: {"serviceUrl": "...", "conversations": ["a:..."], "tenantId": "...", "concurrency": 16, "activity": {...}}
// Prints one JSON line: {"sent": N, "failed": N, "seconds": S, "errors": ["..."]}.
'use strict';
const fs = require('fs');
const { CloudAdapter, ConfigurationBotFrameworkAuthentication } = require('botbuilder');

const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));

async function main() {
  let next = 0;
  let sent = 0;
  let failed = 0;
  const errors = new Map();
  const started = process.hrtime.bigint();
  async function worker() {
    while (next < job.conversations.length) {
      const conversationId = job.conversations[next++];
      const reference = {
        channelId: 'msteams',
        serviceUrl: job.serviceUrl,
        conversation: { id: conversationId, conversationType: 'personal', tenantId: job.tenantId },
        bot: { id: '28:bench-bot' },
        user: { id: `29:${conversationId}` },
      };
      try {
        await adapter.continueConversationAsync('', reference, async (context) => {
          await context.sendActivity(job.activity);
        });
        sent++;
      } catch (error) {
        failed++;
        const message = String(error && error.message).slice(0, 200);
        errors.set(message, (errors.get(message) || 0) + 1);
      }
    }
  }
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(JSON.stringify({ sent, failed, seconds, errors: [...errors].map(([m, n]) => `${n} x ${m}`) }));
}

main().catch((error) => {
  console.error(error);
  process.exit(3);
});
