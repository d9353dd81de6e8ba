package org.isaacus.identity;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Password guessing at the issuer's sign-in form is slowed down: after {@code max-per-account} failed sign-ins of
 * one account, or {@code max-per-address} from one address, within {@code window}, further attempts are turned away
 * without checking the password until the window has passed. Accounts that do not exist count the same, so the
 * answer says nothing about which accounts exist. Kept in memory: the embedded issuer is the local one; an external
 * identity provider brings its own brute-force protection.
 */
class LoginThrottle extends OncePerRequestFilter {

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final int maxPerAccount;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;

    LoginThrottle(int maxPerAccount, int maxPerAddress, Duration window, Clock clock) {
        this.maxPerAccount = maxPerAccount;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("POST".equals(request.getMethod()) && blocked(request.getParameter("username"), request.getRemoteAddr())) {
            response.sendRedirect(request.getContextPath() + "/login?throttled");
            return;
        }
        chain.doFilter(request, response);
    }

    boolean blocked(String account, String address) {
        return recent(accountKey(account)) >= maxPerAccount || recent(addressKey(address)) >= maxPerAddress;
    }

    void failed(String account, String address) {
        Instant now = clock.instant();
        for (String key : new String[] {accountKey(account), addressKey(address)}) {
            failures.compute(key, (k, times) -> {
                Deque<Instant> kept = times == null ? new ArrayDeque<>() : times;
                kept.addLast(now);
                prune(kept, now);
                return kept;
            });
        }
    }

    void succeeded(String account) {
        failures.remove(accountKey(account));
    }

    @EventListener
    void on(AuthenticationFailureBadCredentialsEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken token) {
            failed(String.valueOf(token.getPrincipal()), address(token.getDetails()));
        }
    }

    @EventListener
    void on(AuthenticationSuccessEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken token) {
            succeeded(token.getName());
        }
    }

    private int recent(String key) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            prune(times, clock.instant());
            return times.size();
        }
    }

    private void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && times.peekFirst().isBefore(now.minus(window))) {
            times.removeFirst();
        }
    }

    private static String address(Object details) {
        return details instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : "unknown";
    }

    private static String accountKey(String account) {
        return "account:" + (account == null ? "" : account.strip().toLowerCase(Locale.ROOT));
    }

    private static String addressKey(String address) {
        return "address:" + address;
    }
}
