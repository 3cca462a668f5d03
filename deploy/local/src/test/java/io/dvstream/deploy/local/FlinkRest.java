package io.dvstream.deploy.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The few calls of Flink's REST API (the JobManager's, as the web UI uses it) that the failure test needs. */
final class FlinkRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    FlinkRest(String base) {
        this.base = base;
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    JsonNode post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IOException(r.request().method() + " " + r.uri() + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /** RUNNING, FINISHED, RESTARTING, ... */
    String state(String job) throws IOException, InterruptedException {
        return get("/jobs/" + job).path("state").asText();
    }

    /** True when the job is RUNNING and so is every subtask (a job is RUNNING while its tasks still deploy). */
    boolean allTasksRunning(String job) throws IOException, InterruptedException {
        JsonNode j = get("/jobs/" + job);
        if (!"RUNNING".equals(j.path("state").asText())) {
            return false;
        }
        for (JsonNode v : j.path("vertices")) {
            if (!"RUNNING".equals(v.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    long completedCheckpoints(String job) throws IOException, InterruptedException {
        return get("/jobs/" + job + "/checkpoints").path("counts").path("completed").asLong();
    }

    long restarts(String job) throws IOException, InterruptedException {
        for (JsonNode m : get("/jobs/" + job + "/metrics?get=numRestarts")) {
            return Long.parseLong(m.path("value").asText("0"));
        }
        return 0;
    }

    /** Stop with a savepoint, draining: the sources end, a final checkpoint commits what the sinks hold. */
    String stopWithDrain(String job, String savepointDir) throws IOException, InterruptedException {
        return post("/jobs/" + job + "/stop", "{\"drain\":true,\"targetDirectory\":\"" + savepointDir + "\"}")
                .path("request-id").asText();
    }

    /** IN_PROGRESS or COMPLETED (then with a location or a failure cause). */
    JsonNode savepoint(String job, String trigger) throws IOException, InterruptedException {
        return get("/jobs/" + job + "/savepoints/" + trigger);
    }
}
