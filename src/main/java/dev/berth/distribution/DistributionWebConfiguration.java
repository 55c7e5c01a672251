package dev.berth.distribution;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Hooks {@link RouteTemplateInterceptor} into the {@code /v2} handlers. */
@Configuration(proxyBeanMethods = false)
class DistributionWebConfiguration implements WebMvcConfigurer {

    private final RouteTemplateInterceptor routeTemplates;

    DistributionWebConfiguration(RouteTemplateInterceptor routeTemplates) {
        this.routeTemplates = routeTemplates;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(routeTemplates).addPathPatterns("/v2/**");
    }
}
