// Gathers what an annotation export covers (a source, a tag, or the archive) from the database.

import type { Annotation, AnnotationScope } from '../../shared/model'
import { annotationRows, type AnnotationRow } from '../export/annotation-rows'
import { listAnnotations, getAnnotation } from './annotations'
import type { Db } from './db'
import { listLinks, listRelations } from './links'
import { getSummary, listSources } from './sources'
import { getTag, listTags } from './tags'
import { expectId, optionalRecord } from './validate'

export interface ExportData {
  title: string
  annotations: Annotation[]
  rows: AnnotationRow[]
}

export function gatherRows(db: Db, rawScope: unknown): ExportData {
  const scope = optionalRecord(rawScope, 'scope') as AnnotationScope
  const query: AnnotationScope = {}
  let title = 'Annotations'
  if (scope.sourceId !== undefined) {
    query.sourceId = expectId(scope.sourceId, 'sourceId')
    title = `Annotations: ${getSummary(db, query.sourceId).title}`
  }
  if (scope.tagId !== undefined) {
    query.tagId = expectId(scope.tagId, 'tagId')
    title = `${title} · tag ${getTag(db, query.tagId).name}`
  }
  const annotations = listAnnotations(db, query)
  const ids = new Set(annotations.map((a) => a.id))
  const links = listLinks(db, {}).filter((l) => ids.has(l.from) || ids.has(l.to))
  const otherIds = new Set(links.flatMap((l) => [l.from, l.to]).filter((id) => !ids.has(id)))
  const linkedAnnotations = [...otherIds].map((id) => getAnnotation(db, id))
  const rows = annotationRows({
    sources: listSources(db, {}),
    tags: listTags(db),
    annotations,
    links,
    linkedAnnotations,
    relations: listRelations(db)
  })
  return { title, annotations, rows }
}
