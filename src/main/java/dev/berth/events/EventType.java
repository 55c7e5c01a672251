package dev.berth.events;

import java.util.Arrays;
import java.util.Optional;

/** What an event says happened; {@link #apiName()} is the CloudEvents type without {@code dev.berth.}. */
public enum EventType {
    MANIFEST_PUSHED("manifest.pushed", "push"),
    /** A manifest with a {@code subject}: a signature, SBOM or attestation arrived for an image. */
    ARTIFACT_PUSHED("artifact.pushed", "push"),
    TAG_MOVED("tag.moved", "push"),
    TAG_DELETED("tag.deleted", "delete"),
    MANIFEST_DELETED("manifest.deleted", "delete"),
    REPOSITORY_DELETED("repository.deleted", "delete"),
    /** Sent only to subscriptions that list it: pulls are many. */
    MANIFEST_PULLED("manifest.pulled", "pull"),
    QUOTA_EXCEEDED("quota.exceeded", "quota_exceeded"),
    GC_FINISHED("gc.finished", "gc_finished"),
    /** What "send test event" sends; never fanned out to other subscriptions. */
    WEBHOOK_TEST("webhook.test", "test");

    private final String apiName;
    private final String distributionAction;

    EventType(String apiName, String distributionAction) {
        this.apiName = apiName;
        this.distributionAction = distributionAction;
    }

    public String apiName() {
        return apiName;
    }

    /** The CloudEvents {@code type}. */
    public String cloudEventType() {
        return "dev.berth." + apiName;
    }

    /** The {@code action} of a CNCF Distribution notification. */
    String distributionAction() {
        return distributionAction;
    }

    public static Optional<EventType> ofApiName(String name) {
        return Arrays.stream(values()).filter(type -> type.apiName.equals(name)).findFirst();
    }
}
