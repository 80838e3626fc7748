// A stand-in for LanguageTool's server class, for the tests of auditor's local mode: started as
// `java -cp languagetool-server.jar org.languagetool.server.HTTPServer --port N`, it answers
// /v2/languages and /v2/check (one rule: "a" before "apple"); Java strings count UTF-16 units.
package org.languagetool.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

public class HTTPServer {
    public static void main(String[] args) throws IOException {
        int port = 8081;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            }
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/v2/languages", exchange ->
            reply(exchange, "[{\"name\": \"English (US)\", \"code\": \"en\", \"longCode\": \"en-US\"}]"));
        server.createContext("/v2/check", exchange -> {
            String text = "";
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            for (String field : body.split("&")) {
                if (field.startsWith("text=")) {
                    text = URLDecoder.decode(field.substring(5), StandardCharsets.UTF_8);
                }
            }
            int at = text.indexOf("a apple");
            String matches = at < 0 ? "" : "{\"message\": \"Use an.\", \"offset\": " + at + ", \"length\": 1,"
                + " \"replacements\": [{\"value\": \"an\"}],"
                + " \"rule\": {\"id\": \"EN_A_VS_AN\", \"category\": {\"id\": \"MISC\", \"name\": \"Miscellaneous\"}}}";
            reply(exchange, "{\"matches\": [" + matches + "]}");
        });
        server.start();
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] data = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, data.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(data);
        }
    }
}
