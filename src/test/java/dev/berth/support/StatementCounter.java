package dev.berth.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Counts the statements the shared test server prepares, whatever prepares them (Hibernate or
 * plain JDBC), so a test can check that a request costs a fixed number of queries. Imported by
 * the HTTP tests' base; no annotation of its own, so no component scan picks it up.
 */
public class StatementCounter implements BeanPostProcessor {

    private static final Set<String> STATEMENTS = Set.of("prepareStatement", "createStatement", "prepareCall");

    private final AtomicLong statements = new AtomicLong();

    public void reset() {
        statements.set(0);
    }

    public long count() {
        return statements.get();
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource dataSource && !Proxy.isProxyClass(bean.getClass())) {
            return proxy(DataSource.class, dataSource, (target, method, arguments) -> {
                Object result = invoke(method, dataSource, arguments);
                return result instanceof Connection connection ? counted(connection) : result;
            });
        }
        return bean;
    }

    private Connection counted(Connection connection) {
        return proxy(Connection.class, connection, (target, method, arguments) -> {
            // The webhook worker queries on its own threads, on its own schedule: not the request's cost.
            if (STATEMENTS.contains(method.getName()) && !Thread.currentThread().getName().startsWith("berth-webhook")) {
                statements.incrementAndGet();
            }
            return invoke(method, connection, arguments);
        });
    }

    private static Object invoke(java.lang.reflect.Method method, Object target, Object[] arguments) throws Throwable {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }
}
