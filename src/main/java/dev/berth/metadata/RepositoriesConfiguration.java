package dev.berth.metadata;

import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.data.jpa.repository.query.DeclaredQuery;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactories;
import org.springframework.data.jpa.repository.query.QueryEnhancerFactory;
import org.springframework.data.jpa.repository.query.QueryEnhancerSelector;

/**
 * Spring Data repositories of this package. Their declared queries are rewritten (sort, count) by
 * the lightweight enhancer rather than Spring Data's own HQL grammar: parsing every declared query
 * with it cost about a tenth of the registry's start-up CPU, and Hibernate parses each query anyway.
 */
@Configuration(proxyBeanMethods = false)
@EnableJpaRepositories(basePackageClasses = RepositoriesConfiguration.class,
        queryEnhancerSelector = RepositoriesConfiguration.LightweightQueryEnhancerSelector.class)
class RepositoriesConfiguration {

    static final class LightweightQueryEnhancerSelector implements QueryEnhancerSelector {
        @Override
        public QueryEnhancerFactory select(DeclaredQuery query) {
            return QueryEnhancerFactories.fallback();
        }
    }
}
