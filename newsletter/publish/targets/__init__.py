"""Publishing targets: the issue handed to the platforms its readers are on, once each.

    contract    publish(issue, config, state, policy) -> remote id; the stable key
    api         HTTP with bounded retries honouring Retry-After; one-line errors
    runner      every configured target after the archive, each on its own
    listmonk    a campaign on lists, scheduled or started
    ghost       a post with its feature image, published and emailed, or scheduled
    buttondown  an email in Markdown, draft, scheduled or sent

The ``smtp`` target is the pipeline's own per-reader send
(:mod:`newsletter.publish.smtp_delivery`).
"""

from newsletter.publish.targets.runner import publish_targets

__all__ = ["publish_targets"]
