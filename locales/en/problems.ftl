# Titles (and a detail) of the API's most common problem documents
# (RFC 9457), chosen by the request's Accept-Language.

problem-validation-title = Invalid request
problem-not-found-title = Not found
problem-not-found-detail = There is nothing here, or it is not yours.
problem-unauthorized-title = Not signed in
problem-rate-limited-title = Too many requests

# The other kinds (ids prob-…): titles, then the details the API writes
# itself. Backticks quote what a client sends, in every language.
prob-bad-request-title = Unreadable request
prob-mfa-required-title = Second factor required
prob-unsupported-media-type-title = Unsupported content type
prob-too-large-title = Request too large
prob-internal-title = Something went wrong
prob-unavailable-title = Temporarily unavailable
prob-forbidden-title = Not allowed
prob-conflict-title = Conflict
prob-stale-title = Changed since you loaded it
prob-method-not-allowed-title = Method not allowed
prob-unauthorized-detail = Send a valid access token: `Authorization: Bearer <token>`.
prob-mfa-required-detail = This account signs in with a code from an authenticator app too. Send `mfa_token` and the code to `POST /api/v1/auth/token/mfa` within five minutes.
prob-unsupported-media-type-detail = Send the body as JSON with `Content-Type: application/json`.
prob-too-large-detail = The request body must be at most 1 MiB.
prob-internal-detail = Something went wrong on our side. Quote the request id if you contact support.
prob-unavailable-detail = The service cannot reach its database right now. Nothing was changed: send the same request again in a moment.
prob-stale-detail = Someone changed this since you loaded it. Load it again and re-apply your change.
prob-method-not-allowed-detail = This endpoint does not accept that method; `Allow` lists the ones it does.
prob-body-unreadable = The request body could not be read.
# $reason: the JSON parser's own words (English).
prob-body-not-json = The body is not valid JSON ({ $reason }).
prob-body-not-read = The body could not be read ({ $reason }).
prob-rate-limited-detail = You have used your { $limit } requests for this hour. Try again in { $seconds } seconds.
