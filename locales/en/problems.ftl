# Titles (and a detail) of the API's most common problem documents
# (RFC 9457), chosen by the request's Accept-Language.

problem-validation-title = Invalid request
problem-not-found-title = Not found
problem-not-found-detail = There is nothing here, or it is not yours.
problem-unauthorized-title = Not signed in
problem-rate-limited-title = Too many requests
