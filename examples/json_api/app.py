# A small JSON API: notes kept in memory.
#
#     GET    /api/notes/            list the notes
#     POST   /api/notes/            create one from {"text": "..."}
#     GET    /api/notes/<id>/       read one
#     PUT    /api/notes/<id>/       replace its text
#     DELETE /api/notes/<id>/       delete it
import json

import itty3


app = itty3.App()
notes = {}
next_id = [1]


def read_note(request):
    """The note in a request body, or an error response."""
    try:
        data = request.json()
    except json.JSONDecodeError:
        return None, app.render_json(request, {"error": "The body must be JSON."}, status_code=400)
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return None, app.render_json(request, {"error": 'Send {"text": "..."}.'}, status_code=422)
    return data["text"], None


@app.get("/api/notes/")
def list_notes(request):
    return app.render_json(request, {"notes": [{"id": i, "text": t} for i, t in sorted(notes.items())]})


@app.post("/api/notes/")
def create_note(request):
    text, error = read_note(request)
    if error:
        return error
    note_id, next_id[0] = next_id[0], next_id[0] + 1
    notes[note_id] = text
    return app.render_json(request, {"id": note_id, "text": text}, status_code=201,
                           headers={"Location": f"/api/notes/{note_id}/"})


@app.get("/api/notes/<int:note_id>/")
def get_note(request, note_id):
    if note_id not in notes:
        return app.render_json(request, {"error": "No such note."}, status_code=404)
    return app.render_json(request, {"id": note_id, "text": notes[note_id]})


@app.put("/api/notes/<int:note_id>/")
def update_note(request, note_id):
    if note_id not in notes:
        return app.render_json(request, {"error": "No such note."}, status_code=404)
    text, error = read_note(request)
    if error:
        return error
    notes[note_id] = text
    return app.render_json(request, {"id": note_id, "text": text})


@app.delete("/api/notes/<int:note_id>/")
def delete_note(request, note_id):
    if notes.pop(note_id, None) is None:
        return app.render_json(request, {"error": "No such note."}, status_code=404)
    return app.render(request, "", status_code=204)


if __name__ == "__main__":
    app.run()
