package dev.berth.admin;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import dev.berth.api.ApiCallers;
import dev.berth.api.Pages;
import dev.berth.events.Webhooks;
import dev.berth.management.Paging;
import dev.berth.management.WebhookAdministration;
import dev.berth.registry.Listing;

/**
 * {@code /api/v1/webhooks}: subscriptions to events, their delivery log, redelivery and a test
 * event. The secret is in the answer to the creation only.
 */
@RestController
@RequestMapping(path = "/api/v1/webhooks", produces = "application/json")
class WebhookController {

    private final WebhookAdministration webhooks;
    private final ApiCallers callers;

    WebhookController(WebhookAdministration webhooks, ApiCallers callers) {
        this.webhooks = webhooks;
        this.callers = callers;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<Webhooks.Created> create(@RequestBody Webhooks.Request body, HttpServletRequest request) {
        Webhooks.Created created = webhooks.create(callers.require(request), body);
        return ResponseEntity.created(ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}")
                .buildAndExpand(created.webhook().id()).toUri()).body(created);
    }

    @GetMapping
    ResponseEntity<Listing<Webhooks.View>> list(@RequestParam(required = false) String namespace,
                                                @RequestParam(defaultValue = "0") int page,
                                                @RequestParam(defaultValue = "20") int size,
                                                HttpServletRequest request) {
        return Pages.of(webhooks.list(callers.require(request), namespace, Paging.of(page, size)));
    }

    @GetMapping("/{id}")
    Webhooks.View get(@PathVariable long id, HttpServletRequest request) {
        return webhooks.get(callers.require(request), id);
    }

    /** Changes the URL, events, format, patterns or {@code enabled}; fields left out stay. */
    @PatchMapping(path = "/{id}", consumes = "application/json")
    Webhooks.View update(@PathVariable long id, @RequestBody Webhooks.Request body, HttpServletRequest request) {
        return webhooks.update(callers.require(request), id, body);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@PathVariable long id, HttpServletRequest request) {
        webhooks.delete(callers.require(request), id);
    }

    /** The delivery log, newest first: each delivery's state and every attempt's time, status, duration and error. */
    @GetMapping("/{id}/deliveries")
    ResponseEntity<Listing<Webhooks.Delivery>> deliveries(@PathVariable long id,
                                                          @RequestParam(defaultValue = "0") int page,
                                                          @RequestParam(defaultValue = "20") int size,
                                                          HttpServletRequest request) {
        return Pages.of(webhooks.deliveries(callers.require(request), id, Paging.of(page, size)));
    }

    /** Sends a delivery again, with its original {@code webhook-id}. */
    @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Webhooks.Delivery redeliver(@PathVariable long id, @PathVariable long deliveryId, HttpServletRequest request) {
        return webhooks.redeliver(callers.require(request), id, deliveryId);
    }

    /** Queues a {@code dev.berth.webhook.test} event for this subscription. */
    @PostMapping("/{id}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Webhooks.Delivery test(@PathVariable long id, HttpServletRequest request) {
        return webhooks.test(callers.require(request), id);
    }
}
