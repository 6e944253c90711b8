/** HTTP of the social diary of a case: notes (normal or restricted), their edits and previous contents. */
import type { FastifyRequest } from 'fastify'
import { Type } from 'typebox'
import { DiaryNote, DiaryNoteCreate, DiaryNoteListQuery, DiaryNotePage, DiaryNotePatch, DiaryNoteRevisionPage, DiaryNoteRevisionQuery, Ref } from '@ponte/shared'
import { API_PREFIX } from '../../lib/api.js'
import type { App } from '../../lib/fastify.js'
import { requireIfMatch, withEtag } from '../../lib/http.js'
import { requireCaseScope } from '../../plugins/access.js'
import { described, IdempotencyHeaders, IfMatchHeaders, mergePatchBody, problems, UuidParam } from '../../lib/route-schema.js'
import * as service from './diary-notes.service.js'

const CaseParams = Type.Object({ caseId: UuidParam })
const NoteParams = Type.Object({ caseId: UuidParam, noteId: UuidParam })

const VISIBILITY =
  'Municipality staff working the case only (partners with a referral and anyone who cannot see the case get 404). A `restricted` note exists only for its author and the municipality\'s coordinators: ' +
  'for anyone else it is absent from lists and answers 404.'

const caller = (request: FastifyRequest): service.Caller => ({
  principal: request.requirePrincipal(),
  actor: request.auditActor(),
  auditRead: (type, id, organisationId, action) => request.auditRead(type, id, organisationId, action),
})

export default async function diaryNoteRoutes(app: App) {
  app.get(
    '/cases/:caseId/diary-notes',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'listDiaryNotes',
        tags: ['diary-notes'],
        summary: 'List the diary notes of a case',
        description: `${VISIBILITY} Most recent first (date noted, then creation); optional filter by visibility; cursor pagination.`,
        params: CaseParams,
        querystring: DiaryNoteListQuery,
        response: { 200: described(Ref(DiaryNotePage), 'A page of the notes the caller may read'), ...problems(400, 404) },
      },
    },
    async (request) => service.listDiaryNotes(app.db, caller(request), requireCaseScope(request), request.query),
  )

  app.post(
    '/cases/:caseId/diary-notes',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'createDiaryNote',
        tags: ['diary-notes'],
        summary: 'Write a diary note',
        description: `${VISIBILITY} The caller is the author; visibility defaults to \`normal\`. Writes a timeline event (restricted audience for a restricted note; never the text). Answers 201 with ETag and Location.`,
        params: CaseParams,
        headers: IdempotencyHeaders,
        body: Ref(DiaryNoteCreate),
        response: { 201: described(Ref(DiaryNote), 'The note written'), ...problems(400, 404, 409, 415) },
      },
    },
    async (request, reply) => {
      const note = await service.createDiaryNote(app.db, caller(request), requireCaseScope(request), request.body)
      void reply.code(201).header('location', `${API_PREFIX}/cases/${note.caseId}/diary-notes/${note.id}`)
      return withEtag(reply, note)
    },
  )

  app.get(
    '/cases/:caseId/diary-notes/:noteId',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'readDiaryNote',
        tags: ['diary-notes'],
        summary: 'Read a diary note',
        description: `${VISIBILITY} The ETag is its version.`,
        params: NoteParams,
        response: { 200: described(Ref(DiaryNote), 'The note'), ...problems(400, 404) },
      },
    },
    async (request, reply) => withEtag(reply, await service.readDiaryNote(app.db, caller(request), requireCaseScope(request), request.params.noteId)),
  )

  app.patch(
    '/cases/:caseId/diary-notes/:noteId',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'updateDiaryNote',
        tags: ['diary-notes'],
        summary: 'Edit a diary note',
        description: `${VISIBILITY} By its author only (403 for others who can read it: see the note's \`permissions\`), while the case is open (409 \`case-closed\`). JSON Merge Patch with If-Match (428 without, 412 when stale). The previous content is kept as a revision.`,
        params: NoteParams,
        headers: IfMatchHeaders,
        body: mergePatchBody(Ref(DiaryNotePatch)),
        response: { 200: described(Ref(DiaryNote), 'The note edited'), ...problems(400, 403, 404, 409, 412, 415, 428) },
      },
    },
    async (request, reply) => {
      const expectedVersion = requireIfMatch(request)
      const note = await service.updateDiaryNote(app.db, caller(request), requireCaseScope(request), request.params.noteId, expectedVersion, request.body as DiaryNotePatch)
      return withEtag(reply, note)
    },
  )

  app.get(
    '/cases/:caseId/diary-notes/:noteId/revisions',
    {
      config: { access: { case: 'records' } },
      schema: {
        operationId: 'listDiaryNoteRevisions',
        tags: ['diary-notes'],
        summary: 'List the previous contents of a diary note',
        description:
          `${VISIBILITY} Each revision is the content the note had before an edit (date, text, visibility), with who edited it and when; the most recent first. ` +
          'A revision whose content was restricted is shown only to the author and coordinators, even if the note is normal now.',
        params: NoteParams,
        querystring: DiaryNoteRevisionQuery,
        response: { 200: described(Ref(DiaryNoteRevisionPage), 'A page of previous contents'), ...problems(400, 404) },
      },
    },
    async (request) => service.listDiaryNoteRevisions(app.db, caller(request), requireCaseScope(request), request.params.noteId, request.query),
  )
}
