package dev.berth.events;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import tools.jackson.core.type.TypeReference;

import dev.berth.config.BerthProperties;
import dev.berth.metadata.EventRows.EventRow;

/**
 * An event rendered for a receiver: a CloudEvents 1.0 structured-mode JSON object, or the
 * envelope CNCF Distribution's notifications use, so receivers written for either work unchanged.
 */
@Component
class Payloads {

    static final String CLOUDEVENTS = "cloudevents";
    static final String DISTRIBUTION = "distribution";
    static final String CLOUDEVENTS_TYPE = "application/cloudevents+json";
    static final String DISTRIBUTION_TYPE = "application/vnd.docker.distribution.events.v1+json";

    /** A rendered body and its content type. */
    record Payload(String contentType, byte[] body) {
    }

    private final String source;

    Payloads(BerthProperties properties) {
        URI external = properties.externalUrl();
        this.source = external == null ? "/berth" : external.toString().replaceAll("/+$", "");
    }

    Payload render(String format, EventRow event) {
        Map<String, Object> data = EventOutbox.JSON.readValue(event.data(), new TypeReference<Map<String, Object>>() {
        });
        EventType type = EventType.ofApiName(event.type()).orElseThrow();
        if (DISTRIBUTION.equals(format)) {
            return new Payload(DISTRIBUTION_TYPE, EventOutbox.JSON.writeValueAsBytes(Map.of("events",
                    distributionEvents(event, type, data))));
        }
        Map<String, Object> cloudEvent = new LinkedHashMap<>();
        cloudEvent.put("specversion", "1.0");
        cloudEvent.put("id", event.eventId());
        cloudEvent.put("source", event.repository() == null ? source : source + "/v2/" + event.repository());
        cloudEvent.put("type", type.cloudEventType());
        cloudEvent.put("time", event.occurredAt().toString());
        String subject = subject(data);
        if (subject != null) {
            cloudEvent.put("subject", subject);
        }
        cloudEvent.put("datacontenttype", "application/json");
        cloudEvent.put("data", data);
        return new Payload(CLOUDEVENTS_TYPE, EventOutbox.JSON.writeValueAsBytes(cloudEvent));
    }

    /** {@code repository@digest}, or {@code repository:tag} when the event knows no digest. */
    private static String subject(Map<String, Object> data) {
        Object repository = data.get("repository");
        if (repository == null) {
            return null;
        }
        if (data.get("digest") != null) {
            return repository + "@" + data.get("digest");
        }
        Object tags = data.get("tags");
        return tags instanceof List<?> list && !list.isEmpty() ? repository + ":" + list.get(0) : repository.toString();
    }

    /** One Distribution event per tag (as Distribution sends a push per tag), or one without a tag. */
    private List<Map<String, Object>> distributionEvents(EventRow event, EventType type, Map<String, Object> data) {
        List<Object> tags = data.get("tags") instanceof List<?> list && !list.isEmpty()
                ? new ArrayList<>(list) : java.util.Collections.singletonList(null);
        List<Map<String, Object>> events = new ArrayList<>();
        int index = 0;
        for (Object tag : tags) {
            Map<String, Object> target = new LinkedHashMap<>();
            putIfSet(target, "mediaType", data.get("mediaType"));
            putIfSet(target, "size", data.get("size"));
            putIfSet(target, "digest", data.get("digest"));
            putIfSet(target, "length", data.get("size"));
            putIfSet(target, "repository", data.get("repository"));
            if (data.get("repository") != null && data.get("digest") != null) {
                target.put("url", source + "/v2/" + data.get("repository") + "/manifests/" + data.get("digest"));
            }
            putIfSet(target, "tag", tag);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("id", tags.size() == 1 ? event.eventId() : event.eventId() + "-" + index++);
            entry.put("timestamp", event.occurredAt().toString());
            entry.put("action", type.distributionAction());
            entry.put("target", target);
            Map<String, Object> request = new LinkedHashMap<>();
            putIfSet(request, "id", data.get("requestId"));
            entry.put("request", request);
            Map<String, Object> actor = new LinkedHashMap<>();
            putIfSet(actor, "name", data.get("actor"));
            entry.put("actor", actor);
            entry.put("source", Map.of("addr", source));
            events.add(entry);
        }
        return events;
    }

    private static void putIfSet(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
