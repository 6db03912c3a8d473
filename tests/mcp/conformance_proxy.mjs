// The conformance suite's client sends no token: this loopback proxy adds the bearer token
// to every request and passes everything else (method, headers, body, status) through
// unchanged. It prints its URL, then serves until its stdin closes.
//   node conformance_proxy.mjs   (SPACES_URL, SPACES_TOKEN set)
import http from "node:http";

const target = new URL(process.env.SPACES_URL);
const token = process.env.SPACES_TOKEN;

const proxy = http.createServer((request, response) => {
    const headers = { ...request.headers, authorization: `Bearer ${token}`, host: target.host };
    const upstream = http.request(
        { host: target.hostname, port: target.port, path: request.url, method: request.method, headers },
        (answer) => {
            response.writeHead(answer.statusCode, answer.headers);
            answer.pipe(response);
        });
    upstream.on("error", (error) => {
        response.writeHead(502, { "content-type": "text/plain" });
        response.end(`proxy: ${error.message}`);
    });
    request.pipe(upstream);
});
proxy.listen(0, "127.0.0.1", () => {
    console.log(`http://127.0.0.1:${proxy.address().port}/mcp`);
});
process.stdin.on("end", () => proxy.close(() => process.exit(0)));
process.stdin.resume();
