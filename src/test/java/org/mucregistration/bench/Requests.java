package org.mucregistration.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Request and answer for setting up (never inside a measured window): IQs matched by id, other stanzas by a test
 * registered before the request is sent. Install it as a client's handler.
 */
final class Requests implements BenchClient.Handler {
    private final Map<String, CompletableFuture<String>> iqs = new ConcurrentHashMap<>();
    private final List<Wait> waits = new CopyOnWriteArrayList<>();

    private record Wait(Predicate<String> test, CompletableFuture<String> result) {
    }

    @Override
    public void stanza(BenchClient client, String xml, long receivedNanos) {
        if (xml.startsWith("<iq")) {
            final String id = Stanza.attribute(xml, "id");
            final String type = Stanza.attribute(xml, "type");
            if (id != null && ("result".equals(type) || "error".equals(type))) {
                final CompletableFuture<String> pending = iqs.remove(id);
                if (pending != null) {
                    pending.complete(xml);
                    return;
                }
            }
        }
        for (Wait wait : waits) {
            if (wait.test().test(xml)) {
                waits.remove(wait);
                wait.result().complete(xml);
                return;
            }
        }
    }

    /** Sends an IQ whose id is {@code id} and returns its answer (result or error). */
    String iq(BenchClient client, String id, String xml, Duration timeout) throws IOException {
        final CompletableFuture<String> answer = new CompletableFuture<>();
        iqs.put(id, answer);
        client.send(xml);
        return await(answer, timeout, client.username + " sent " + xml);
    }

    /** Sends a stanza and returns the first stanza received afterwards for which {@code test} holds. */
    String send(BenchClient client, String xml, Predicate<String> test, Duration timeout) throws IOException {
        final CompletableFuture<String> answer = expect(test);
        client.send(xml);
        return await(answer, timeout, client.username + " sent " + xml);
    }

    /** Registers a test: the future completes with the first stanza that passes it. */
    CompletableFuture<String> expect(Predicate<String> test) {
        final CompletableFuture<String> answer = new CompletableFuture<>();
        waits.add(new Wait(test, answer));
        return answer;
    }

    static String await(CompletableFuture<String> answer, Duration timeout, String what) throws IOException {
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("No answer within " + timeout.toSeconds() + " s: " + what);
        } catch (ExecutionException e) {
            throw new IOException(what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
