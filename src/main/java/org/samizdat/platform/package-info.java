/**
 * What every module leans on. Its root package (Money, PlatformSettings, InputRejected) and the
 * named interfaces {@code database}, {@code security}, {@code audit}, {@code web}, {@code mail},
 * {@code cache}, {@code limits} and {@code i18n} are its API; a module names the ones it uses in
 * its {@code allowedDependencies}.
 */
@org.springframework.modulith.ApplicationModule
package org.samizdat.platform;
