// Seals a Feishu event callback the way Feishu sends one with an Encrypt Key set, and checks the result with the official
// SDK (@larksuiteoapi/node-sdk): its AESCipher must decrypt the body back to the payload, and its request handler must
// accept the signature. The SDK only decrypts, so the encryption itself is Node's crypto, in Feishu's documented format.
//
// usage: SEAL_INPUT='{"encryptKey","payload","timestamp","nonce"}' node seal.js   (payload: the JSON text to seal)
// stdout: {"body","timestamp","nonce","signature"}: the raw body and the X-Lark-* headers to send with it.
'use strict';
const crypto = require('crypto');
const lark = require('@larksuiteoapi/node-sdk');

function main(input) {
  const { encryptKey, payload, timestamp, nonce } = JSON.parse(input);
  const key = crypto.createHash('sha256').update(encryptKey).digest();
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv('aes-256-cbc', key, iv);
  const sealed = Buffer.concat([iv, cipher.update(payload, 'utf8'), cipher.final()]).toString('base64');
  const data = { encrypt: sealed };
  const body = JSON.stringify(data);
  const signature = crypto.createHash('sha256').update(timestamp + nonce + encryptKey + body).digest('hex');

  // The official SDK is the judge: it must read what we made.
  if (new lark.AESCipher(encryptKey).decrypt(sealed) !== payload) throw new Error('the SDK decrypted something else');
  const quiet = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };
  const dispatcher = new lark.EventDispatcher({ encryptKey, logger: quiet });
  const request = Object.assign(Object.create({
    headers: { 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': signature },
  }), data);
  if (!dispatcher.requestHandle.checkIsEventValidated(request)) throw new Error('the SDK refused the signature');

  process.stdout.write(JSON.stringify({ body, timestamp, nonce, signature }));
}

try {
  main(process.env.SEAL_INPUT || '');
} catch (e) {
  process.stderr.write(String((e && e.stack) || e) + '\n');
  process.exit(1);
}
