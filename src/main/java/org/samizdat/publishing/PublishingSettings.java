package org.samizdat.publishing;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * @param schedulePoll how often due scheduled articles are looked for (so they go live within this
 *     time)
 * @param maxUploadSize the largest image accepted
 * @param maxImagePixels the largest image accepted, in pixels (guards against decompression bombs)
 * @param imageWidths the widths stored for each image, for srcset
 * @param imageToolTimeout how long one run of heif-convert, dwebp or cwebp may take before the
 *     upload is refused (or, in the back-fill, the image is left without WebP)
 * @param imageConverters false to never run heif-convert, dwebp or cwebp even where installed: JPEG
 *     and PNG only, no WebP variants
 * @param searchIndex false to search with PostgreSQL alone: no index of the live articles' words is
 *     kept on the node (see {@code ArticleSearchIndex})
 */
@ConfigurationProperties("samizdat.publishing")
public record PublishingSettings(
    @DefaultValue("15s") Duration schedulePoll,
    @DefaultValue("10MB") DataSize maxUploadSize,
    @DefaultValue("40000000") int maxImagePixels,
    @DefaultValue({"480", "960", "1600"}) List<Integer> imageWidths,
    @DefaultValue("30s") Duration imageToolTimeout,
    @DefaultValue("true") boolean imageConverters,
    @DefaultValue("true") boolean searchIndex) {}
