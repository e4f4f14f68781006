-- wrk script (wrk reports any non-2xx answers itself): POST /api/tickets with the body the integration sends, as agent@acme.test / demo-key.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Basic YWdlbnRAYWNtZS50ZXN0OmRlbW8ta2V5"
wrk.body = [[{"customer":{"email":"jo@example.test","name":"Jo Doe"},"channel":"api","via":"api","from_agent":false,"subject":"Claim: damaged item","external_id":"resolve-claim:bench","language":"en","tags":[{"name":"resolve-claim"}],"custom_fields":[{"id":101,"value":"damage"}],"messages":[{"channel":"api","via":"api","from_agent":false,"sender":{"email":"jo@example.test","name":"Jo Doe"},"subject":"Claim: damaged item","body_text":"The item arrived damaged.","body_html":"<p>The item arrived <b>damaged</b>.</p>","attachments":[{"url":"https://uploads.example.test/a.jpg","name":"a.jpg","content_type":"image/jpeg","size":1000}]}]}]]

