package dev.berth.identity.ldap;

import java.net.URI;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.ldap.core.support.DefaultTlsDirContextAuthenticationStrategy;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.ldap.core.support.LdapContextSource;

import dev.berth.config.LdapProperties;
import dev.berth.identity.Directory;

/**
 * The directory, when {@code berth.auth.ldap.urls} names one. Settings that cannot work stop the
 * start with a message naming them.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LdapConfiguration.UrlsConfigured.class)
class LdapConfiguration {

    @Bean
    Directory ldapDirectory(LdapProperties properties) {
        validate(properties);
        LdapContextSource source = new LdapContextSource();
        source.setUrls(properties.urls().toArray(String[]::new));
        source.setBase(properties.base());
        if (properties.bindDn() == null || properties.bindDn().isBlank()) {
            source.setAnonymousReadOnly(true);
        } else {
            source.setUserDn(properties.bindDn());
            source.setPassword(properties.bindPassword() == null ? "" : properties.bindPassword());
        }
        if (properties.startTls()) {
            // StartTLS is negotiated per connection, which JNDI's pool cannot keep.
            source.setAuthenticationStrategy(new DefaultTlsDirContextAuthenticationStrategy());
            source.setPooled(false);
        }
        String millis = Long.toString(properties.timeout().toMillis());
        source.setBaseEnvironmentProperties(Map.of("com.sun.jndi.ldap.connect.timeout", millis,
                "com.sun.jndi.ldap.read.timeout", millis));
        source.afterPropertiesSet();
        return new LdapDirectory(properties, source);
    }

    static void validate(LdapProperties properties) {
        for (String url : properties.urls()) {
            String scheme;
            try {
                scheme = URI.create(url).getScheme();
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("berth.auth.ldap.urls: " + url + " is not a URL");
            }
            if (!"ldap".equals(scheme) && !"ldaps".equals(scheme)) {
                throw new IllegalStateException("berth.auth.ldap.urls: " + url + " must start with ldap:// or ldaps://");
            }
            if (properties.startTls() && "ldaps".equals(scheme)) {
                throw new IllegalStateException("berth.auth.ldap.start-tls upgrades ldap:// connections; "
                        + url + " is TLS already");
            }
        }
        boolean bindDn = properties.bindDn() != null && !properties.bindDn().isBlank();
        if (bindDn && (properties.bindPassword() == null || properties.bindPassword().isEmpty())) {
            throw new IllegalStateException("berth.auth.ldap.bind-dn is set without berth.auth.ldap.bind-password");
        }
        if (!properties.userSearchFilter().contains("{0}")) {
            throw new IllegalStateException("berth.auth.ldap.user-search-filter must contain {0}, the login name");
        }
    }

    /** However the list is given (a comma-separated value, {@code urls[0]}, {@code BERTH_AUTH_LDAP_URLS_0}). */
    static final class UrlsConfigured extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            boolean configured = Binder.get(context.getEnvironment())
                    .bind("berth.auth.ldap.urls", Bindable.listOf(String.class)).map(urls -> !urls.isEmpty()).orElse(false);
            return configured ? ConditionOutcome.match("berth.auth.ldap.urls is set")
                    : ConditionOutcome.noMatch("berth.auth.ldap.urls is not set");
        }
    }
}
