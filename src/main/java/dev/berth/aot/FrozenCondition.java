package dev.berth.aot;

/**
 * One condition the build evaluated: the configuration class or bean method it guards ({@code
 * Class} or {@code Class#method}, as Spring Boot's condition report names them), the condition's
 * class and whether it matched. One tab-separated line of {@link BuildDecisions#RESOURCE}.
 */
record FrozenCondition(String source, String condition, boolean matched) {

    private static final String MATCH = "match";
    private static final String NO_MATCH = "no-match";

    String line() {
        return source + '\t' + condition + '\t' + (matched ? MATCH : NO_MATCH);
    }

    static FrozenCondition parse(String line) {
        String[] fields = line.split("\t");
        if (fields.length != 3 || !(MATCH.equals(fields[2]) || NO_MATCH.equals(fields[2]))) {
            throw new IllegalArgumentException("not a recorded condition: " + line);
        }
        return new FrozenCondition(fields[0], fields[1], MATCH.equals(fields[2]));
    }
}
