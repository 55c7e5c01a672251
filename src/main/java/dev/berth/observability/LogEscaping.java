package dev.berth.observability;

import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.util.ClassUtils;

import ch.qos.logback.classic.PatternLayout;

/**
 * Makes {@code %m} (and {@code %msg}, {@code %message}) in every Logback pattern the
 * {@link EscapedMessageConverter}, before Spring Boot configures logging: Boot's own patterns and
 * any an operator sets. Structured (JSON) logs escape their values already. Registered in
 * {@code META-INF/spring.factories}, so it runs however Berth is started, tests included.
 */
public final class LogEscaping implements ApplicationListener<ApplicationStartingEvent> {

    private static final boolean LOGBACK = ClassUtils.isPresent("ch.qos.logback.classic.PatternLayout",
            LogEscaping.class.getClassLoader());

    @Override
    public void onApplicationEvent(ApplicationStartingEvent event) {
        if (LOGBACK) {
            install();
        }
    }

    static void install() {
        for (String word : new String[] {"m", "msg", "message"}) {
            PatternLayout.DEFAULT_CONVERTER_SUPPLIER_MAP.put(word, EscapedMessageConverter::new);
        }
    }
}
