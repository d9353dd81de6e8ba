package org.isaacus.search;

import java.net.URI;
import java.util.List;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.core5.http.HttpHost;
import org.opensearch.client.json.jackson.JacksonJsonpMapper;
import org.opensearch.client.opensearch.OpenSearchClient;
import org.opensearch.client.transport.OpenSearchTransport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenSearch client (Apache HttpClient 5 transport). {@code isaacus.search.uris} names the nodes: the local
 * OpenSearch by default, a cluster in production (with {@code isaacus.search.username}/{@code password}; https
 * in the URI for TLS).
 */
@Configuration(proxyBeanMethods = false)
class SearchConfiguration {

    @Bean(destroyMethod = "close")
    OpenSearchTransport openSearchTransport(
            @Value("${isaacus.search.uris:http://127.0.0.1:${isaacus.search.local.http-port:19200}}") List<URI> uris,
            @Value("${isaacus.search.username:}") String username,
            @Value("${isaacus.search.password:}") String password) {
        HttpHost[] hosts = uris.stream()
                .map(u -> new HttpHost(u.getScheme(), u.getHost(), u.getPort()))
                .toArray(HttpHost[]::new);
        var builder = ApacheHttpClient5TransportBuilder.builder(hosts).setMapper(new JacksonJsonpMapper());
        if (!username.isBlank()) {
            var credentials = new BasicCredentialsProvider();
            for (HttpHost host : hosts) {
                credentials.setCredentials(
                        new AuthScope(host), new UsernamePasswordCredentials(username, password.toCharArray()));
            }
            builder.setHttpClientConfigCallback(http -> http.setDefaultCredentialsProvider(credentials));
        }
        return builder.build();
    }

    @Bean
    OpenSearchClient openSearchClient(OpenSearchTransport transport) {
        return new OpenSearchClient(transport);
    }

    /** Health shows a {@code search} component; the app is usable without it. */
    @Bean("search")
    HealthIndicator searchHealth(OpenSearchClient client) {
        return () -> {
            try {
                var health = client.cluster().health();
                String status = health.status().jsonValue();
                return ("red".equals(status) ? Health.down() : Health.up())
                        .withDetail("cluster", health.clusterName())
                        .withDetail("status", status)
                        .build();
            } catch (Exception e) {
                return Health.down()
                        .withDetail("error", String.valueOf(e.getMessage()))
                        .build();
            }
        };
    }
}
