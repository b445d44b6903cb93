// The creator's blinding file, written 0600 beside a provenance bundle by `zkprov prove`: the blinding of the
// creator's payee tag, needed for royalty claims. Its JSON carries no format field (version 1 is the only one).
import { z } from "zod";
import { fieldStringSchema } from "../field.ts";
import { jsonText, parseWithSchema, type DocumentFormat } from "./format.ts";

/** The blinding file schema. */
export const blindingFileSchema = z.object({ creatorBlinding: fieldStringSchema });

/**
 * The blinding file format: the document is the creator's blinding.
 *
 * @example const blinding = blindingFormat.parse(JSON.parse(text), "bundle.blinding.json")
 */
export const blindingFormat: DocumentFormat<bigint> = {
  name: "zkprov-blinding",
  version: 1,
  title: "blinding file",
  schema: blindingFileSchema,
  parse: (value, where) => parseWithSchema(blindingFileSchema, value, where, "blinding file").creatorBlinding,
  serialize: (creatorBlinding) => jsonText({ creatorBlinding: creatorBlinding.toString() }),
};
