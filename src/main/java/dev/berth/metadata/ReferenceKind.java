package dev.berth.metadata;

/** How a manifest points at a digest, as {@code manifest_reference.kind} stores it. */
public enum ReferenceKind {
    CONFIG("config"), LAYER("layer"), CHILD("child"), SUBJECT("subject");

    private final String column;

    ReferenceKind(String column) {
        this.column = column;
    }

    String column() {
        return column;
    }

    static ReferenceKind of(String column) {
        for (ReferenceKind kind : values()) {
            if (kind.column.equals(column)) {
                return kind;
            }
        }
        throw new IllegalStateException("unknown manifest reference kind " + column);
    }
}
