variable "size" {
  type = string
}

output "address" {
  value = "postgres-${var.size}.internal"
}
