"""Push notifications: every published update sent once to each channel, from CI.

events.py  the site and the clock -> events, whose ids are the `updates.atom` entry ids
channels.py the `notify: channels:` options -> Channel (validated like every other option)
messages.py one event -> the exact payload one platform receives, escaped for its markup
record.py  the JSON delivery record: which event went to which channel, and when
transport.py HTTP POST and SMTP delivery
run.py     what is due (record, filters, horizon), sending in order, the pull request preview
"""
