/** Settings under {@code berth.*}, as immutable records. Depends on nothing else of Berth. */
package dev.berth.config;
