// Model records for tests that need one without an archive: a tag with the fields not under test empty.

import type { Tag } from '../../src/shared/model'

/** A tag named `name` (its id too, unless given), black unless `color` says otherwise. */
export function tagOf(name: string, fields: Partial<Tag> = {}): Tag {
  return {
    id: name,
    name,
    color: '#000000',
    description: '',
    key: null,
    position: 0,
    group: '',
    count: 0,
    createdBy: '',
    modifiedBy: '',
    ...fields
  }
}
