/**
 * `region list | show`, as python-openstackclient has them: a region's id is printed as `region`, its parent's as
 * `parent_region` (`Parent Region` in the list).
 *
 * @example
 * // effect-openstack region show RegionOne -f json
 * const command = Regions.command
 *
 * @module
 */
import * as Command from "effect/cli/Command"
import * as Regions from "../../identity/v3/Regions.ts"
import * as Options from "../options.ts"
import * as Resource from "../resource.ts"

type Region = Regions.Region

const list = Resource.list({
  description: "List regions",
  example: "effect-openstack region list --parent-region RegionOne",
  options: { parentRegion: Options.text("parent-region", "filter by parent region ID") },
  columns: [
    ["Region", (r: Region) => r.id],
    ["Parent Region", (r: Region) => r.parentRegionId ?? null],
    ["Description", (r: Region) => r.description ?? ""]
  ],
  items: (conn, options) => conn.identity.regions.list(Options.given({ parentRegionId: options.parentRegion }))
})

const show = Resource.show({
  noun: "region",
  description: "Display region details",
  example: "effect-openstack region show RegionOne",
  definition: Regions.Region,
  view: ({ id, parent_region_id, links: _links, ...rest }) =>
    ({ ...rest, region: id, parent_region: parent_region_id }),
  client: (conn) => conn.identity.regions
})

/**
 * The `region` command family.
 *
 * @example
 * Command.withSubcommands(root, [Regions.command])
 */
export const command = Command.make("region").pipe(
  Command.withDescription("Regions (Identity v3)"),
  Command.withSubcommands([list, show])
)
