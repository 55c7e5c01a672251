package dev.berth.storage.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import dev.berth.config.StorageProperties;

/** Builds the S3 client and, when redirects are on, the URL presigner from {@code berth.storage.s3.*}. */
final class S3Clients {

    private S3Clients() {
    }

    static S3ByteStore connect(StorageProperties.S3 settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalStateException("berth.storage.type=s3 needs berth.storage.s3.bucket");
        }
        Region region = settings.region() != null ? Region.of(settings.region())
                // S3-compatible stores rarely care, and the SDK's region chain fails outside AWS.
                : settings.endpoint() != null ? Region.US_EAST_1 : null;
        AwsCredentialsProvider credentials = settings.accessKey() != null
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder client = S3Client.builder().credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyleAccess());
        S3Presigner.Builder presigner = S3Presigner.builder().credentialsProvider(credentials)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyleAccess())
                        .build());
        if (region != null) {
            client.region(region);
            presigner.region(region);
        }
        if (settings.endpoint() != null) {
            client.endpointOverride(settings.endpoint());
            presigner.endpointOverride(settings.endpoint());
        }
        String location = (settings.endpoint() != null ? settings.endpoint().toString() : "AWS S3")
                + (region != null ? " (region " + region.id() + ")" : "");
        S3Objects objects = new S3Objects(client.build(), settings.bucket(), settings.prefix(), location);
        return new S3ByteStore(objects, settings.redirect() ? presigner.build() : null, settings.presignTtl());
    }
}
