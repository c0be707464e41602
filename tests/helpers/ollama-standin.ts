import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// A stand-in Ollama server on 127.0.0.1 answering in Ollama's wire format (docs/api.md of github.com/ollama/ollama):
// one catalog model (Qwen2.5 0.5B, whose timings are what llama.cpp measured on the CI VM) and one it cannot place.
export const OLLAMA_PROMPT_TPS = 248.9;
export const OLLAMA_GEN_TPS = 32.2;
const models = [
  { name: 'qwen2.5:0.5b', arch: 'qwen2', params: 494032768, quant: 'Q4_K_M' },
  { name: 'mystery:1b', arch: 'mystery', params: 1_000_000_000, quant: 'Q4_K_M' },
];

export interface OllamaStandIn {
  readonly url: string;
  readonly port: number;
  /** Every request, as "METHOD /path". */
  readonly requests: string[];
  close(): Promise<void>;
}

export async function startOllamaStandIn(): Promise<OllamaStandIn> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push(`${req.method ?? ''} ${req.url ?? ''}`);
      const json = (o: unknown) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(o));
      };
      const asked = body ? (JSON.parse(body) as { model?: string; prompt?: string }) : {};
      const m = models.find((x) => x.name === asked.model);
      if (req.url === '/api/version') return json({ version: '0.13.1' });
      if (req.url === '/api/tags') return json({ models: models.map((x) => ({ name: x.name, details: { quantization_level: x.quant } })) });
      if (req.url === '/api/show' && m) return json({ details: { quantization_level: m.quant }, model_info: { 'general.architecture': m.arch, 'general.parameter_count': m.params } });
      if (req.url === '/api/generate' && m) {
        const promptTokens = (asked.prompt ?? '').split(' ').length;
        return json({ done: true, prompt_eval_count: promptTokens, prompt_eval_duration: (promptTokens / OLLAMA_PROMPT_TPS) * 1e9, eval_count: 64, eval_duration: (64 / OLLAMA_GEN_TPS) * 1e9 });
      }
      if (req.url === '/api/ps') return json({ models: models.map((x) => ({ name: x.name, size: 4e8, size_vram: 0 })) });
      res.writeHead(404);
      res.end('{"error":"not found"}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, requests, close: () => new Promise((r) => server.close(() => r())) };
}
