"""A Secretariat officer creates a committee report, generates it with progress on the page, downloads the
Word file, and edits a paragraph in place."""

from __future__ import annotations

from typing import Any

from tests.conftest import PASSWORD


def test_create_generate_download_and_edit_a_report(
    page: Any, sign_in: Any, make_user: Any, worker_processes: Any
) -> None:
    """The generation runs in a real `clearway worker` process, as in production."""
    import docx

    worker_processes()
    from tests.reports.seed_data import seed_capacity_record

    officer = make_user("secretariat_staff", username="sara", first_name="Sara")
    seed_capacity_record(actor=officer)
    sign_in("sara", PASSWORD)

    page.goto("/reports/")
    page.click("text=New report")
    for field, value in {
        "session": "235th/236th",
        "document_number": "PC0690",
        "document_date": "2022-03-07",
        "period_start": "2021-09-01",
        "period_end": "2022-03-07",
        "previous_session": "233rd/234th",
    }.items():
        page.fill(f"#id_{field}", value)
    page.select_option("#id_meeting_format", "hybrid")
    page.click("button[type=submit].primary")
    page.wait_for_selector("text=Report created")

    page.select_option("#generate-format", "docx")
    page.click("#generate")
    page.wait_for_selector("[data-job-url]")
    download_link = page.locator("[data-job-report-download]")
    download_link.wait_for(state="visible")
    assert page.locator(".progress > span").evaluate("bar => bar.style.width") == "100%"
    assert page.locator("[data-job-message]").inner_text() != "failed"
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == "PC0690EN-v1.docx"
    document = docx.Document(str(download.path()))
    text = " ".join(p.text for p in document.paragraphs)
    assert "The MENA workshop was held online between 27 and 30 September 2021" in text

    page.click("text=Show the new version")
    lead = page.locator("[data-block-id='capacity_activities.lead']")
    lead.get_by_text("Edit", exact=True).click()
    lead.locator("textarea[id^=text-]").fill(
        "The Secretariat delivered two regional workshops in the period."
    )
    lead.get_by_role("button", name="Save paragraph").click()
    page.wait_for_selector("text=Paragraph saved (version 2)")
    assert "two regional workshops" in page.locator("[data-block-id='capacity_activities.lead']").inner_text()
    assert page.locator("[data-block-id='capacity_activities.lead'] .badge").first.inner_text() == "edited"
