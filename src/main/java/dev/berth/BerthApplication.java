package dev.berth;

import java.time.Clock;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Berth: a self-hosted OCI container image registry. */
// Users live in Berth's own tables; Boot's default in-memory user (and its logged password) would only confuse.
@SpringBootApplication(exclude = UserDetailsServiceAutoConfiguration.class)
@ConfigurationPropertiesScan("dev.berth.config")
@EnableScheduling
public class BerthApplication {

    public static void main(String[] args) {
        SpringApplication.run(BerthApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Runs before any bean is made, so the database and the blob store find a private directory. */
    @Bean
    static BeanFactoryPostProcessor privateDataDirectory(Environment environment) {
        return beanFactory -> DataDirectory.prepare(environment);
    }
}
