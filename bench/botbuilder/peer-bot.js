// The peer of bench/inbound.sh: a bot on the official Bot Framework SDK for JavaScript (botbuilder 4.23.x), set up as the
// SDK's samples set one up (restify + bodyParser, CloudAdapter, ConfigurationBotFrameworkAuthentication; anonymous: no
// app id, so no token is checked and none is sent). It does what OkrBot does with a check-in card submit, minus the
// store: reads the same Action.Submit value (verb, week, KR ids, each KR's value, status, confidence and note, the
// blockers), checks it the way OkrBot's handler does, and replies through the connector with an Adaptive Card saying
// what was recorded.
//   node peer-bot.js PORT
'use strict';
const restify = require('restify');
const { CloudAdapter, ConfigurationBotFrameworkAuthentication, ActivityHandler, CardFactory, MessageFactory } = require('botbuilder');

const port = Number(process.argv[2] || process.env.PORT || 3979);
const statuses = new Set(['OnTrack', 'AtRisk', 'OffTrack']);
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The check-in in a submit's value, or a reason it is not one (as OkrBot's handler refuses it). */
function readCheckIn(value) {
  if (!value || typeof value !== 'object' || value.verb !== 'checkin.submit') return { error: 'Not a check-in.' };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.week || '')) return { error: 'The card does not say which week it is for.' };
  const ids = String(value.krs || '').split(',').map((s) => s.trim());
  if (ids.length === 0 || ids.length > 50 || !ids.every((id) => guid.test(id))) return { error: 'The card does not say which key results it is for.' };
  const items = [];
  for (const id of ids) {
    const number = Number(value[`value:${id}`]);
    if (value[`value:${id}`] === undefined || value[`value:${id}`] === '' || !Number.isFinite(number)) return { error: 'A value is not a number.' };
    const status = value[`status:${id}`];
    if (!statuses.has(status)) return { error: 'A status is missing.' };
    const confidence = value[`confidence:${id}`] ? Number(value[`confidence:${id}`]) : null;
    if (confidence !== null && !(Number.isInteger(confidence) && confidence >= 1 && confidence <= 10)) return { error: 'Confidence is 1-10.' };
    items.push({ id, value: number, status, confidence, note: value[`note:${id}`] || null });
  }
  return { week: value.week, items, blockers: value.blockers || null };
}

function doneCard(checkIn) {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body: [
      { type: 'TextBlock', text: 'Checked in', style: 'heading', wrap: true },
      { type: 'TextBlock', text: `Week of ${checkIn.week}`, isSubtle: true, wrap: true },
      ...checkIn.items.map((item) => ({
        type: 'FactSet',
        facts: [
          { title: 'Value', value: String(item.value) },
          { title: 'Status', value: item.status },
          { title: 'Confidence', value: item.confidence === null ? '-' : String(item.confidence) },
          { title: 'Note', value: item.note || '-' },
        ],
      })),
    ],
  };
}

class CheckInBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      const checkIn = readCheckIn(context.activity.value);
      await context.sendActivity(checkIn.error
        ? MessageFactory.text(checkIn.error)
        : MessageFactory.attachment(CardFactory.adaptiveCard(doneCard(checkIn))));
      await next();
    });
  }
}

const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
adapter.onTurnError = async (context, error) => {
  console.error(`turn error: ${error && error.message}`);
};
const bot = new CheckInBot();

const server = restify.createServer();
server.use(restify.plugins.bodyParser());
server.get('/', (req, res, next) => { res.send(200, 'ok'); return next(); });
server.post('/api/messages', async (req, res) => {
  await adapter.process(req, res, (context) => bot.run(context));
});
server.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
