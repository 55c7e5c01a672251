package dev.berth.observability;

import org.slf4j.helpers.MessageFormatter;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * The message of a log line ({@code %m}) with every argument escaped: a value can never start a
 * line of its own (CR and LF become {@code \r} and {@code \n}, other control characters
 * {@code \\uXXXX}), so a username or a path cannot forge an audit entry. The message pattern is
 * code and stays as written; only what is filled into its {@code {}} is data.
 */
public final class EscapedMessageConverter extends ClassicConverter {

    @Override
    public String convert(ILoggingEvent event) {
        Object[] arguments = event.getArgumentArray();
        if (arguments == null || arguments.length == 0) {
            return event.getFormattedMessage();
        }
        Object[] escaped = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            Object argument = arguments[i];
            escaped[i] = argument == null || argument instanceof Number || argument instanceof Boolean
                    ? argument : escape(String.valueOf(argument));
        }
        return MessageFormatter.basicArrayFormat(event.getMessage(), escaped);
    }

    /** The text with CR, LF and other control characters (tab excepted) written as escapes. */
    static String escape(String text) {
        int first = firstToEscape(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\r') {
                out.append("\\r");
            } else if (c == '\n') {
                out.append("\\n");
            } else if (needsEscape(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int firstToEscape(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (needsEscape(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Control characters, and the Unicode line and paragraph separators some viewers break lines at. */
    private static boolean needsEscape(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7f || (c >= 0x80 && c < 0xa0) || c == '\u2028' || c == '\u2029';
    }
}
