package dev.berth.distribution;

import java.io.EOFException;

import org.springframework.boot.web.error.ErrorPage;
import org.springframework.boot.web.error.ErrorPageRegistrar;
import org.springframework.boot.web.error.ErrorPageRegistry;
import org.springframework.stereotype.Component;

/**
 * A request body that ends before its {@code Content-Length} makes Tomcat answer 400 itself and
 * suspend the response, so the advice can no longer write the spec's error body. Tomcat then
 * renders the error page registered for the exception; this one is ours and answers
 * {@code SIZE_INVALID} (see {@link DistributionController#truncatedBody()}). Error pages are
 * per exception type, not per path; {@code /v2} is the only API that takes request bodies today.
 */
@Component
class TruncatedBodyErrorPage implements ErrorPageRegistrar {

    static final String PATH = "/v2/_errors/truncated-body";

    @Override
    public void registerErrorPages(ErrorPageRegistry registry) {
        registry.addErrorPages(new ErrorPage(EOFException.class, PATH));
    }
}
