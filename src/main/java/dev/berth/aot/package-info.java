/**
 * Spring's ahead-of-time processing of the application context, kept honest about run-time settings.
 * The build (src/aot/SpringAotClasses.java) writes Berth's bean definitions as code, with every
 * auto-configuration condition decided by the build's settings, and {@link ConditionReportAotProcessor}
 * records each decision beside them. A start with {@code spring.aot.enabled=true} (the container
 * image's) takes that code only while {@link FrozenConditionCheck} finds this start's settings decide
 * every recorded condition the same way; otherwise it starts the usual way and says which one differed.
 */
package dev.berth.aot;
