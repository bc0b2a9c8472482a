# The greeter from the itty3 cookies guide: /set/?username=daniel remembers you for two weeks,
# / greets you, /logout/ forgets you.
import itty3


app = itty3.App()


@app.get("/")
def greet_user(req):
    # Set up a default.
    username = "unknown"

    # `req.COOKIES` is a `dict` with all the key/value pairs of
    # cookie data.
    if "username" in req.COOKIES:
        username = req.COOKIES["username"]

    body = "Hello, {}!".format(username)
    return app.render(req, body)


@app.get("/set/")
def set_username(req):
    username = req.GET.get("username", "unknown")
    resp = itty3.HttpResponse(
        body="",
        headers={"Location": "/"},
        status_code=302,
    )

    # Here's the change! Let's expire the cookie in 2 weeks time:
    # (60 sec/min * 60 min/hr * 24 hr/day * 7 days/week * 2 weeks)
    two_weeks = 60 * 60 * 24 * 7 * 2
    resp.set_cookie("username", username, max_age=two_weeks)

    return resp


# Add a new function.
@app.get("/logout/")
def logout(req):
    resp = itty3.HttpResponse(
        body="",
        headers={"Location": "/"},
        status_code=302,
    )

    # All we need to provide is the key.
    resp.delete_cookie("username")

    return resp


if __name__ == "__main__":
    app.run()
