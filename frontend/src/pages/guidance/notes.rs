//! `/organisations/:id/notes`: the notes and contact moments with an employer (guidance of the employer),
//! newest first, with the form to record one (admins and consultants).

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::guidance::{CreateEmployerNote, EmployerNote, EmployerNoteKind};
use shared::organisations::Organisation;
use shared::paging::Page;

use super::{STAFF, send, today};
use crate::api::{self, ApiError};
use crate::app::{RequireRole, set_title};
use crate::components::{
    FormCheck, FormError, SelectField, SubmitButton, TextField, field_error, format_date, list_state,
};
use crate::i18n::use_i18n;
use crate::i18n_guidance::{gtr, guidance_texts};

#[component]
pub fn EmployerNotes() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id")).unwrap_or_default();
    let reload = RwSignal::new(0u32);
    let organisation = api::resource(move || {
        let path = format!("/organisations/{}", id());
        async move { api::get::<Organisation>(&path).await.ok() }
    });
    let notes = api::resource(move || {
        reload.track();
        let path = format!("/organisations/{}/notes?pageSize=100", id());
        async move { api::get::<Page<EmployerNote>>(&path).await }
    });
    let heading = move || {
        let g = guidance_texts(i18n.0.get());
        match organisation.get().flatten() {
            Some(o) => format!("{}: {}", g.notes_title, o.name),
            None => g.notes_title.to_owned(),
        }
    };
    Effect::new(move |_| set_title(&heading()));

    let kind = RwSignal::new(String::new());
    let held_on = RwSignal::new(today());
    let subject = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let errors: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let kinds = Signal::derive(move || {
        let g = guidance_texts(i18n.0.get());
        vec![("note".to_owned(), g.kind_note.to_owned()), ("contact".to_owned(), g.kind_contact.to_owned())]
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let lang = i18n.0.get_untracked();
        let mut check = FormCheck::new(lang);
        let date = check.date("heldOn", &held_on.get_untracked());
        if let Err(error) = check.finish() {
            errors.set(Some(error));
            return;
        }
        let body = CreateEmployerNote {
            kind: EmployerNoteKind::parse(&kind.get_untracked()),
            held_on: date,
            subject: subject.get_untracked(),
            note: note.get_untracked(),
        };
        send(
            format!("/organisations/{}/notes", id()),
            body,
            errors,
            busy,
            reload,
            guidance_texts(lang).note_saved,
            move || {
                subject.set(String::new());
                note.set(String::new());
            },
        );
    };
    view! {
        <h1>{heading}</h1>
        <RequireRole roles=STAFF>
            <p class="form-actions"><a class="button button--secondary utrecht-button utrecht-button--secondary-action" href=move || format!("/organisations/{}", id())>{move || crate::i18n::texts(i18n.0.get()).organisations_title}</a></p>
            {move || list_state(i18n.0.get(), notes.get(), |page| {
                let g = guidance_texts(i18n.0.get_untracked());
                view! {
                    <table class="table utrecht-table utrecht-table--html-table" id="employer-notes">
                        <caption>{g.notes_link}</caption>
                        <thead><tr>
                            <th scope="col">{g.held_on}</th>
                            <th scope="col">{g.note_kind}</th>
                            <th scope="col">{g.subject}</th>
                            <th scope="col">{g.note}</th>
                            <th scope="col">{g.author}</th>
                        </tr></thead>
                        <tbody>
                            {page.items.into_iter().map(|n| view! {
                                <tr>
                                    <td>{format_date(&n.held_on)}</td>
                                    <td>{match n.kind { EmployerNoteKind::Note => g.kind_note, EmployerNoteKind::Contact => g.kind_contact }}</td>
                                    <td>{n.subject.clone()}</td>
                                    <td>{n.note.clone()}</td>
                                    <td>{n.author.clone().unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
            <form class="form" id="note-form" on:submit=submit novalidate>
                <h2>{gtr(|t| t.new_note)}</h2>
                <FormError errors=errors id="note-error" prefix="note-"/>
                <SelectField id="note-kind" label=|t| crate::i18n_guidance::guidance_texts(t.lang).note_kind value=kind options=kinds error=field_error(errors, "kind") required=true/>
                <TextField id="note-heldOn" label=|t| crate::i18n_guidance::label(t, "heldOn") value=held_on error=field_error(errors, "heldOn") input_type="date" required=true/>
                <TextField id="note-subject" label=|t| crate::i18n_guidance::label(t, "subject") value=subject error=field_error(errors, "subject")/>
                <TextField id="note-note" label=|t| crate::i18n_guidance::label(t, "note") value=note error=field_error(errors, "note") multiline=true required=true/>
                <SubmitButton id="note-save" label=Signal::derive(move || guidance_texts(i18n.0.get()).new_note) busy=busy/>
            </form>
        </RequireRole>
    }
}
