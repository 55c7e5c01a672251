package dev.berth.events;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.berth.config.EventProperties;

/**
 * Which URLs webhooks may be sent to: http or https, no credentials in the URL, and, unless
 * {@code berth.events.allow-private-targets} or {@code allowed-targets} says otherwise, no address
 * a registry's users should not reach through it (loopback, private ranges, link-local, the cloud
 * metadata address). Checked when a subscription is saved and again at every delivery, against
 * every address the name resolves to then (a name may change what it points at).
 */
@Component
class TargetPolicy {

    private final boolean allowPrivate;
    private final Set<String> allowed;

    TargetPolicy(EventProperties properties) {
        this.allowPrivate = properties.allowPrivateTargets();
        this.allowed = properties.allowedTargets().stream().map(host -> host.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The URL, checked; {@link IllegalArgumentException} saying why not. */
    URI check(String url) {
        URI uri;
        try {
            uri = URI.create(url == null ? "" : url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the webhook URL is not a URL");
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("the webhook URL must be an http:// or https:// URL with a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("put no credentials in the webhook URL; the secret signs each delivery");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("the webhook URL must have no fragment");
        }
        checkAddresses(uri.getHost());
        return uri;
    }

    /** Refuses a host that resolves to an address no webhook may reach here. */
    void checkAddresses(String host) {
        String name = host.toLowerCase(Locale.ROOT);
        if (allowPrivate || allowed.contains(name)) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("the webhook host " + host + " does not resolve");
        }
        for (InetAddress address : addresses) {
            if (allowed.contains(address.getHostAddress())) {
                continue;
            }
            if (isInternal(address)) {
                throw new IllegalArgumentException("the webhook host " + host + " is a loopback, private or link-local"
                        + " address; set berth.events.allow-private-targets or list it in berth.events.allowed-targets");
            }
        }
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address) {
            return (bytes[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        return first == 0 || first == 100 && second >= 64 && second < 128 // carrier-grade NAT
                || first == 198 && (second == 18 || second == 19);          // benchmarking
    }
}
