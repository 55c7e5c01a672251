package dev.berth.identity.ldap;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

import org.springframework.ldap.core.DirContextOperations;
import org.springframework.ldap.core.support.BaseLdapPathContextSource;
import org.springframework.ldap.support.LdapUtils;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.ldap.SpringSecurityLdapTemplate;
import org.springframework.security.ldap.authentication.BindAuthenticator;
import org.springframework.security.ldap.search.FilterBasedLdapUserSearch;

import dev.berth.config.LdapProperties;
import dev.berth.identity.Directory;
import dev.berth.identity.ExternalAccounts;
import dev.berth.identity.ExternalIdentity;

/**
 * The directory of {@code berth.auth.ldap.*}: a person is found with the user search filter, then
 * bound as with their own password (the directory checks it; Berth never sees a hash). Their groups
 * come from the group search, or from their {@code memberOf} values when no group search is set.
 */
final class LdapDirectory implements Directory {

    private final LdapProperties properties;
    private final BindAuthenticator authenticator;
    private final SpringSecurityLdapTemplate template;
    private final String[] userAttributes;

    LdapDirectory(LdapProperties properties, BaseLdapPathContextSource contextSource) {
        this.properties = properties;
        this.userAttributes = new String[] {properties.usernameAttribute(), properties.memberOfAttribute()};
        FilterBasedLdapUserSearch search = new FilterBasedLdapUserSearch(properties.userSearchBase(),
                properties.userSearchFilter(), contextSource);
        search.setSearchTimeLimit((int) properties.timeout().toMillis());
        this.authenticator = new BindAuthenticator(contextSource);
        authenticator.setUserSearch(search);
        authenticator.setUserAttributes(userAttributes);
        this.template = new SpringSecurityLdapTemplate(contextSource);
        template.setIgnorePartialResultException(true);
    }

    @Override
    public Optional<ExternalIdentity> authenticate(String login, String password) {
        DirContextOperations entry;
        try {
            entry = authenticator.authenticate(UsernamePasswordAuthenticationToken.unauthenticated(login, password));
        } catch (BadCredentialsException | UsernameNotFoundException wrong) {
            return Optional.empty();
        } catch (AuthenticationException | org.springframework.ldap.NamingException e) {
            throw new DirectoryUnavailableException(e.getMessage(), e);
        }
        return Optional.of(identity(entry, login));
    }

    @Override
    public Optional<ExternalIdentity> find(String subject) {
        if (subject == null) {
            return Optional.empty();
        }
        DirContextOperations entry;
        try {
            entry = template.retrieveEntry(relative(subject).toString(), userAttributes);
        } catch (org.springframework.ldap.NameNotFoundException gone) {
            return Optional.empty();
        } catch (org.springframework.ldap.NamingException e) {
            throw new DirectoryUnavailableException(e.getMessage(), e);
        }
        String login = entry.getStringAttribute(properties.usernameAttribute());
        return login == null ? Optional.empty() : Optional.of(identity(entry, login));
    }

    private ExternalIdentity identity(DirContextOperations entry, String login) {
        String username = ExternalAccounts.username(entry.getStringAttribute(properties.usernameAttribute()),
                "the directory's " + properties.usernameAttribute());
        String dn = entry.getNameInNamespace();
        return new ExternalIdentity(ExternalIdentity.LDAP, dn, username, groups(entry, dn, login));
    }

    private Set<String> groups(DirContextOperations entry, String dn, String login) {
        if (properties.groupSearchBase() != null) {
            try {
                return template.searchForSingleAttributeValues(properties.groupSearchBase(),
                        properties.groupSearchFilter(), new Object[] {dn, login}, properties.groupNameAttribute());
            } catch (org.springframework.ldap.NamingException e) {
                throw new DirectoryUnavailableException(e.getMessage(), e);
            }
        }
        Set<String> groups = new LinkedHashSet<>();
        String[] memberOf = entry.getStringAttributes(properties.memberOfAttribute());
        for (String groupDn : memberOf == null ? new String[0] : memberOf) {
            groupName(groupDn).ifPresent(groups::add);
        }
        return groups;
    }

    /** The value of the group DN's first part ({@code cn=platform,ou=groups,...} is {@code platform}). */
    private Optional<String> groupName(String groupDn) {
        try {
            LdapName name = new LdapName(groupDn);
            if (name.isEmpty()) {
                return Optional.empty();
            }
            Rdn first = name.getRdn(name.size() - 1);
            return Optional.of(String.valueOf(first.getValue()));
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }

    /** Searches and look-ups are under the configured base; a DN is kept whole. */
    private LdapName relative(String dn) {
        LdapName full = LdapUtils.newLdapName(dn);
        LdapName base = LdapUtils.newLdapName(properties.base());
        return base.isEmpty() || !full.startsWith(base) ? full : LdapUtils.removeFirst(full, base);
    }
}
